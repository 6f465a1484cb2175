# language: vi
@area_tu_choi
Tính năng: Kiểm tra trước khi tiếp nhận và từ chối tiếp nhận
  Trước khi tiếp nhận, Bên nhận kiểm tra tính đầy đủ, toàn vẹn, xác thực của văn bản và xác nhận
  văn bản thuộc thẩm quyền của mình. Văn bản không bảo đảm bị từ chối: Bên nhận gửi phản hồi
  "từ chối tiếp nhận" (02) nêu rõ lý do để Bên gửi biết, xử lý. Bên gửi phải ghi nhận việc bị từ
  chối và lý do.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_nhan @QD28-9.1 @QD28-5.4 @LC2019-7.1a @LC2019-7.2 @QCVN102-STATUS-REASON @LC2019-6.1d @QD28-4.2 @VP11796-1g @QD28-6.1 @QD28-10.1 @QCVN102-MANIFEST @LC2019-7.1b @QCVN102-SCHEMA @QCVN102-ORGID
  Khung kịch bản: Văn bản đến không bảo đảm yêu cầu (<loai_loi>) bị từ chối tiếp nhận kèm lý do
    Theo khoản 1 Điều 9 QĐ 28/2018/QĐ-TTg: "Trước khi tiếp nhận, Bên nhận phải kiểm tra tính đầy đủ,
    toàn vẹn, tính xác thực của văn bản điện tử ... Trường hợp không bảo đảm các nguyên tắc, yêu cầu
    về gửi, nhận văn bản điện tử, Bên nhận phải kịp thời phản hồi thông qua hệ thống quản lý văn
    bản và điều hành để Bên gửi biết, xử lý theo quy định". Khoản 4 Điều 5 cho Bên nhận quyền từ
    chối nhận văn bản không bảo đảm nguyên tắc, yêu cầu và buộc Bên nhận phản hồi cho Bên gửi. Điểm
    a, b khoản 1 và khoản 2 Điều 7 Quy chế tỉnh Lào Cai (2019) giao văn thư Bên nhận kiểm tra, xác
    nhận thẩm quyền và phản hồi kịp thời.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "từ chối nhận"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

    Dữ liệu:
      | loai_loi                     | ma_quy_tac       |
      | chữ ký số không hợp lệ       | LC2019-6.1d      |
      | thiếu chữ ký số              | QD28-4.2         |
      | tệp PDF bị sửa sau khi ký    | QD28-6.1         |
      | thiếu tệp đính kèm           | QCVN102-MANIFEST |
      | gửi nhầm cơ quan nhận        | LC2019-7.1b      |
      | edXML sai cấu trúc           | QCVN102-SCHEMA   |
      | sai mã định danh cơ quan gửi | QCVN102-ORGID    |

  @sut_nhan @LC2019-7.1b @LC2019-7.2 @QD28-5.4 @QCVN102-STATUS-REASON
  Kịch bản: Văn thư từ chối văn bản không thuộc thẩm quyền giải quyết và nêu lý do
    Theo điểm b khoản 1 Điều 7 Quy chế tỉnh Lào Cai (2019), văn thư Bên nhận "xác nhận văn bản điện
    tử đến thuộc thẩm quyền, trách nhiệm xử lý của Bên nhận"; nếu không, theo khoản 2, "phải kịp
    thời phản hồi thông qua Hệ thống QLVB-ĐH để Bên gửi biết, xử lý theo quy định". Đây là việc
    văn thư quyết định: hệ thống phải cho phép từ chối và gửi đi đúng lý do văn thư nhập.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Và hệ thống được kiểm thử từ chối văn bản "VB1" với lý do "Văn bản không thuộc thẩm quyền giải quyết của cơ quan"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Và hồ sơ của hệ thống về văn bản "VB1" có "lý do" là "Văn bản không thuộc thẩm quyền giải quyết của cơ quan"
    Và các phản hồi trạng thái của hệ thống cho văn bản "VB1" theo thứ tự "01, 02"

  @sut_nhan @QD28-9.1 @LC2019-7.1a
  Kịch bản: Văn bản đến đầy đủ, toàn vẹn, xác thực không bị từ chối nhầm
    Theo khoản 1 Điều 9 QĐ 28/2018/QĐ-TTg, Bên nhận kiểm tra rồi "tiến hành tiếp nhận trên hệ thống
    quản lý văn bản và điều hành". Việc kiểm tra theo điểm a khoản 1 Điều 7 Quy chế tỉnh Lào Cai
    (2019) phải chấp nhận văn bản hợp lệ, kể cả văn bản kèm nhiều tệp đính kèm.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Kế hoạch" độ khẩn "Thường" từ "Cơ quan B"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "đã tiếp nhận"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "02" cho văn bản "VB1"

  @sut_gui @QD28-5.4 @LC2019-7.2 @QD28-6.3
  Kịch bản: Bên gửi ghi nhận việc văn bản bị từ chối tiếp nhận cùng lý do
    Theo khoản 4 Điều 5 QĐ 28/2018/QĐ-TTg, Bên nhận từ chối thì "phản hồi cho Bên gửi được biết thông
    qua hệ thống quản lý văn bản và điều hành hoặc Trục liên thông văn bản quốc gia để xử lý theo
    quy định"; khoản 2 Điều 7 Quy chế tỉnh Lào Cai (2019) nêu mục đích phản hồi là "để Bên gửi biết,
    xử lý". Hệ thống của Bên gửi phải hiển thị việc bị từ chối và lý do.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Khi "Cơ quan A" gửi phản hồi trạng thái "02" kèm mô tả "Thiếu tệp phụ lục kèm theo văn bản" cho văn bản "VB1"
    Thì hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "02" từ "Cơ quan A"
    Và hồ sơ của hệ thống về văn bản "VB1" có "tình trạng" là "bị từ chối"
    Và hồ sơ của hệ thống về văn bản "VB1" có "lý do" là "Thiếu tệp phụ lục kèm theo văn bản"
