# language: vi
@area_phan_hoi_trang_thai
Tính năng: Phản hồi trạng thái xử lý văn bản
  Trạng thái gửi, nhận, xử lý của văn bản điện tử được theo dõi và cập nhật tự động: Bên nhận báo
  "đã đến" (01), "đã tiếp nhận" (03), "phân công" (04), "đang xử lý" (05), "hoàn thành" (06) hoặc
  "từ chối tiếp nhận" (02); Bên gửi ghi nhận từng trạng thái của từng Bên nhận. Gói tin trạng thái
  dùng mã trong danh mục của QCVN 102:2016/BTTTT và xác định đúng văn bản được phản hồi.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_nhan @ND30-21.2 @QD28-6.3 @QD28-10.2h @QCVN102-STATUS-CODE @QCVN102-STATUS-RESPONSEFOR
  Kịch bản: Văn bản đến được lấy về, báo "đã đến" rồi "đã tiếp nhận"
    Theo khoản 2 Điều 21 NĐ 30/2020/NĐ-CP (tóm tắt), Bên nhận phải thông báo ngay trong ngày cho Bên
    gửi về việc đã nhận văn bản điện tử thông qua Hệ thống. Theo khoản 3 Điều 6 QĐ 28/2018/QĐ-TTg,
    văn bản điện tử "phải được theo dõi, cập nhật tự động trạng thái gửi, nhận, xử lý"; điểm h
    khoản 2 Điều 10 liệt kê các trạng thái "đã đến, đã tiếp nhận, ...". Gói tin trạng thái ghi mã
    trong danh mục và ResponseFor có đủ mã cơ quan, số và ký hiệu, ngày ban hành, mã định danh văn bản.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống lấy văn bản "VB1" về và báo trạng thái truyền "done" với trục
    Và trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và phản hồi trạng thái "01" của hệ thống đạt quy tắc "QCVN102-STATUS-CODE"
    Và phản hồi trạng thái "01" của hệ thống đạt quy tắc "QCVN102-STATUS-RESPONSEFOR"
    Khi hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB1"
    Và phản hồi trạng thái "03" của hệ thống đạt quy tắc "ND30-21.2"
    Và phản hồi trạng thái "03" của hệ thống đạt quy tắc "QD28-10.2h"
    Và các phản hồi trạng thái của hệ thống cho văn bản "VB1" theo thứ tự "01, 03"

  @sut_nhan @kha_nang_dat_dong_ho @ND30-21.2
  Kịch bản: Văn bản đến cuối giờ chiều vẫn được báo đã nhận ngay trong ngày
    Theo khoản 2 Điều 21 NĐ 30/2020/NĐ-CP (tóm tắt), việc thông báo đã nhận văn bản điện tử cho Bên
    gửi được thực hiện ngay trong ngày. Văn bản đến lúc 16:50 phải được báo "đã đến" trước hết ngày.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và đồng hồ của trục đặt ở "2026-03-04T16:50:00+07:00"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Thì trong vòng 60 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và phản hồi trạng thái "01" của hệ thống đạt quy tắc "ND30-21.2"

  @sut_nhan @QD28-9.2 @QD28-6.3 @QD28-10.2h @QCVN102-STATUS-CODE
  Kịch bản: Bên nhận phản hồi từng bước xử lý sau khi tiếp nhận
    Theo đoạn đầu khoản 2 Điều 9 QĐ 28/2018/QĐ-TTg: "Sau khi tiếp nhận, Bên nhận xử lý và phản hồi
    trạng thái xử lý văn bản điện tử trên hệ thống quản lý văn bản và điều hành". Các trạng thái
    xử lý theo điểm h khoản 2 Điều 10 (đã chuyển xử lý, đang xử lý, đã hoàn thành) tương ứng với
    mã 04, 05, 06 của QCVN 102:2016/BTTTT.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi hệ thống được kiểm thử chuyển văn bản "VB1" sang bước "phân công"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "04" cho văn bản "VB1"
    Khi hệ thống được kiểm thử chuyển văn bản "VB1" sang bước "đang xử lý"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "05" cho văn bản "VB1"
    Khi hệ thống được kiểm thử chuyển văn bản "VB1" sang bước "hoàn thành"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "06" cho văn bản "VB1"
    Và phản hồi trạng thái "06" của hệ thống đạt quy tắc "QCVN102-STATUS-CODE"
    Và các phản hồi trạng thái của hệ thống cho văn bản "VB1" theo thứ tự "01, 03, 04, 05, 06"

  @sut_gui @QD28-6.3 @QD28-10.2h @QCVN102-STATUS-CODE
  Khung kịch bản: Bên gửi ghi nhận trạng thái "<ma_trang_thai>" (<ten_trang_thai>) do Bên nhận phản hồi
    Theo khoản 3 Điều 6 QĐ 28/2018/QĐ-TTg: "Văn bản điện tử phải được theo dõi, cập nhật tự động
    trạng thái gửi, nhận, xử lý trên hệ thống quản lý văn bản và điều hành"; điểm h khoản 2 Điều 10
    yêu cầu hệ thống thể hiện trạng thái xử lý của văn bản.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Khi "Cơ quan A" gửi phản hồi trạng thái "<ma_trang_thai>" kèm mô tả "<mo_ta>" cho văn bản "VB1"
    Thì hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "<ma_trang_thai>" từ "Cơ quan A"

    Dữ liệu:
      | ma_trang_thai | ten_trang_thai | mo_ta                                           |
      | 01            | Đã đến         | Văn bản đã đến hệ thống quản lý văn bản         |
      | 03            | Đã tiếp nhận   | Văn thư đã tiếp nhận, vào sổ văn bản đến số 245 |
      | 04            | Phân công      | Lãnh đạo đã phân công phòng chuyên môn xử lý    |
      | 05            | Đang xử lý     | Đang xử lý                                      |
      | 06            | Hoàn thành     | Đã hoàn thành xử lý                             |

  @sut_gui @QD28-10.2p @QD28-6.3
  Kịch bản: Bên gửi lưu lịch sử gửi, nhận của văn bản với từng Bên nhận
    Theo điểm p khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, hệ thống QLVB-ĐH phải thể hiện "lịch sử gửi, nhận
    văn bản". Với văn bản gửi nhiều nơi, hồ sơ của Bên gửi phải phản ánh đúng diễn biến của từng Bên
    nhận như nhật ký của trục ghi lại.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Kế hoạch" độ khẩn "Thường" gửi đến "Cơ quan A, Cơ quan B"
    Khi "Cơ quan A" gửi phản hồi trạng thái "01" kèm mô tả "Văn bản đã đến" cho văn bản "VB1"
    Và "Cơ quan B" gửi phản hồi trạng thái "01" kèm mô tả "Văn bản đã đến" cho văn bản "VB1"
    Và "Cơ quan A" gửi phản hồi trạng thái "03" kèm mô tả "Đã vào sổ văn bản đến" cho văn bản "VB1"
    Và "Cơ quan B" gửi phản hồi trạng thái "02" kèm mô tả "Văn bản không thuộc thẩm quyền giải quyết" cho văn bản "VB1"
    Thì hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "03" từ "Cơ quan A"
    Và hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "02" từ "Cơ quan B"
    Và hồ sơ của hệ thống về văn bản "VB1" đạt quy tắc "QD28-10.2p"

  @sut_nhan @QD28-6.3 @QCVN102-STATUS-RESPONSEFOR
  Kịch bản: Phản hồi trạng thái cho một văn bản hệ thống không có được xử lý mà không gây hư hại
    Theo khoản 3 Điều 6 QĐ 28/2018/QĐ-TTg, trạng thái được cập nhật tự động; gói tin trạng thái xác
    định văn bản qua ResponseFor. Một phản hồi trỏ tới văn bản hệ thống không có (gửi nhầm, hoặc mã
    định danh sai) không được làm thay đổi hồ sơ của văn bản khác hay làm hệ thống ngừng hoạt động.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử đã tiếp nhận văn bản "VB1" do "Cơ quan A" gửi
    Khi "Cơ quan A" gửi phản hồi trạng thái "03" kèm mô tả "Đã tiếp nhận" cho một văn bản hệ thống không có
    Và "Cơ quan B" gửi phản hồi trạng thái "13" kèm mô tả "Thu hồi văn bản" cho một văn bản hệ thống không có
    Thì hồ sơ của hệ thống về văn bản "VB1" không thay đổi
    Và hệ thống vẫn xử lý bình thường một văn bản hợp lệ chuyển đến sau đó
