# language: vi
@area_dinh_danh
Tính năng: Định danh: mã định danh cơ quan, mã định danh văn bản, số và ký hiệu, số đến
  Mã định danh của cơ quan và của văn bản, số và ký hiệu, ngày tháng ban hành và số đến là những
  khóa để các hệ thống QLVB-ĐH nhận ra nhau và nhận ra từng văn bản trên Trục liên thông văn bản
  quốc gia. Các kịch bản kiểm tra định danh trong gói tin hệ thống được kiểm thử gửi đi và cách hệ
  thống xử lý định danh của văn bản nhận về.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @QD28-10.2a @QCVN102-ORGID @QCVN102-ORGID-REGISTRY
  Kịch bản: Mã định danh của Bên gửi và Bên nhận trong gói tin gửi đi có 13 ký tự, bốn nhóm
    Theo điểm a khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg: "Cấu trúc mã định danh cơ quan, tổ chức có
    13 ký tự, chia thành bốn nhóm mã, các nhóm mã phân tách bởi dấu chấm". QCVN 102:2016/BTTTT
    viết mã theo dạng V1V2V3.Z1Z2.Y1Y2.MX1X2: mã cấp 1 ở nhóm bên phải, nhóm không dùng ghi số 0,
    và mã cấp 1 phải có trong danh mục mã định danh đã công bố.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A, Cơ quan B"
    Thì gói tin gửi đi có đủ trường "From/OrganId, To/OrganId"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2a"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ORGID"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ORGID-REGISTRY"

  @sut_gui @QD20-4.1
  Kịch bản: Mã định danh trong gói tin gửi đi được đối chiếu với dạng mã định danh điện tử của QĐ 20/2020
    Theo khoản 1 Điều 4 QĐ 20/2020/QĐ-TTg (được Sửa đổi 1:2022 QCVN 102:2016/BTTTT áp dụng), mã
    định danh điện tử của cơ quan là chuỗi tối đa 35 ký tự gồm chữ số, chữ in hoa A–Z và dấu
    chấm, các nhóm mã tăng dần cấp từ trái sang phải. Hồ sơ quy định cho biết dạng mã nào được
    chấp nhận; mã ở dạng còn lại được ghi nhận kèm dạng tương ứng.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QD20-4.1"

  @sut_nhan @QD20-4.1
  Kịch bản: Văn bản đến từ cơ quan dùng mã định danh điện tử dạng QĐ 20/2020 vẫn được nhận
    Theo khoản 1 Điều 4 QĐ 20/2020/QĐ-TTg, mã định danh điện tử là chuỗi tối đa 35 ký tự, các
    nhóm mã tăng dần cấp từ trái sang phải. Từ khi QCVN 102:2016/BTTTT được sửa đổi năm 2022, mã
    dạng này là hợp lệ; Bên nhận không được coi đó là mã sai.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "H37.02.02"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "Bên gửi" là "H37.02.02"

  @sut_gui @QD28-10.2b @QCVN102-DOCID
  Kịch bản: Mã định danh văn bản gồm mã cơ quan ban hành, ngày ban hành và số, ký hiệu
    Theo điểm b khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, cấu trúc mã định danh văn bản gồm "mã định
    danh của cơ quan, tổ chức theo quy định của pháp luật" và "năm ban hành văn bản, số thứ tự
    văn bản được ban hành trong năm". QCVN 102:2016/BTTTT viết mã này là
    <mã cơ quan ban hành>,<yyyy/MM/dd>,<số>/<ký hiệu>.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có đủ trường "DocumentId"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2b"
    Và gói tin gửi đi đạt quy tắc "QCVN102-DOCID"

  @sut_gui @ND30-PL1-SOKYHIEU @ND30-PL3-VIETTAT @QD28-10.2c @QD28-10.2đ
  Khung kịch bản: Số và ký hiệu của một "<loai_van_ban>" dùng chữ viết tắt "<viet_tat>"
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần I, mục II.3), số của văn bản ghi bằng chữ số Ả Rập,
    số nhỏ hơn 10 ghi thêm số 0 phía trước; ký hiệu gồm chữ viết tắt tên loại văn bản và chữ viết
    tắt tên cơ quan, viết in hoa; giữa số và ký hiệu có dấu gạch chéo, giữa các nhóm chữ viết tắt
    có dấu gạch nối, không cách chữ. Chữ viết tắt tên loại văn bản theo Bảng chữ viết tắt của
    Phụ lục III; loại văn bản ghi trong gói tin phải khớp với chữ viết tắt trong ký hiệu.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "<loai_van_ban>" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có trường "DocumentType/TypeName" là "<loai_van_ban>"
    Và ký hiệu văn bản trong gói tin gửi đi có chữ viết tắt "<viet_tat>"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-SOKYHIEU"
    Và gói tin gửi đi đạt quy tắc "ND30-PL3-VIETTAT"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2c"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2đ"

    Dữ liệu:
      | loai_van_ban    | viet_tat |
      | Nghị quyết      | NQ       |
      | Quyết định      | QĐ       |
      | Chỉ thị         | CT       |
      | Quy chế         | QC       |
      | Quy định        | QyĐ      |
      | Thông cáo       | TC       |
      | Thông báo       | TB       |
      | Hướng dẫn       | HD       |
      | Chương trình    | CTr      |
      | Kế hoạch        | KH       |
      | Phương án       | PA       |
      | Đề án           | ĐA       |
      | Dự án           | DA       |
      | Báo cáo         | BC       |
      | Biên bản        | BB       |
      | Tờ trình        | TTr      |
      | Hợp đồng        | HĐ       |
      | Công điện       | CĐ       |
      | Bản ghi nhớ     | BGN      |
      | Bản thỏa thuận  | BTT      |
      | Giấy ủy quyền   | GUQ      |
      | Giấy mời        | GM       |
      | Giấy giới thiệu | GGT      |
      | Giấy nghỉ phép  | GNP      |
      | Phiếu gửi       | PG       |
      | Phiếu chuyển    | PC       |
      | Phiếu báo       | PB       |

  @sut_gui @ND30-PL1-SOKYHIEU @ND30-PL3-VIETTAT
  Kịch bản: Công văn không có chữ viết tắt tên loại trong ký hiệu
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần I, mục II.3), ký hiệu của công văn gồm chữ viết tắt tên
    cơ quan ban hành và chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực, không có chữ viết tắt
    tên loại văn bản.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có trường "DocumentType/TypeName" là "Công văn"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-SOKYHIEU"
    Và gói tin gửi đi đạt quy tắc "ND30-PL3-VIETTAT"

  @sut_gui @VBQPPL-SOKYHIEU
  Kịch bản: Số, ký hiệu của văn bản quy phạm pháp luật có năm ban hành đủ bốn chữ số
    Theo Điều 10 Luật Ban hành văn bản quy phạm pháp luật (tóm tắt): số, ký hiệu của văn bản quy
    phạm pháp luật gồm số thứ tự, năm ban hành và chữ viết tắt tên loại văn bản cùng tên cơ quan
    ban hành, viết liền, không cách chữ; năm ban hành ghi đầy đủ bốn chữ số.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" theo mẫu "văn bản quy phạm pháp luật" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "VBQPPL-SOKYHIEU"

  @sut_gui @ND30-15.1
  Kịch bản: Hai văn bản ban hành liên tiếp có số và ký hiệu khác nhau
    Theo khoản 1 Điều 15 NĐ 30/2020/NĐ-CP (tóm tắt): số văn bản được lấy theo thứ tự ban hành
    trong năm; số và ký hiệu văn bản của cơ quan là duy nhất trong một năm, thống nhất giữa văn
    bản giấy và văn bản điện tử.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Và hệ thống được kiểm thử ban hành văn bản "VB2" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "ND30-15.1"

  @sut_gui @kha_nang_dat_dong_ho @ND30-15.1 @ND30-PL1-SOKYHIEU
  Kịch bản: Số văn bản bắt đầu lại từ 01 trong năm mới
    Theo khoản 1 Điều 15 NĐ 30/2020/NĐ-CP (tóm tắt): số văn bản bắt đầu liên tiếp từ số 01 vào
    ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12 hằng năm. Theo Phụ lục I, số nhỏ hơn 10
    ghi thêm số 0 phía trước.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và đồng hồ của trục đặt ở "2026-12-31T15:00:00+07:00"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Và đồng hồ của trục đặt ở "2027-01-04T08:30:00+07:00"
    Và hệ thống được kiểm thử ban hành văn bản "VB2" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có trường "Code/CodeNumber" là "01"
    Và gói tin gửi đi đạt quy tắc "ND30-15.1"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-SOKYHIEU"

  @sut_gui @kha_nang_dat_dong_ho @ND30-PL1-NGAYTHANG @QD28-10.2d
  Kịch bản: Ngày, tháng nhỏ hơn 10 được ghi thêm số 0 phía trước
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần I, mục II.4), ngày, tháng, năm ban hành văn bản viết
    đầy đủ bằng chữ số Ả Rập; ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước. Theo điểm d
    khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, gói tin phải thể hiện ngày, tháng, năm văn bản.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và đồng hồ của trục đặt ở "2027-02-05T09:00:00+07:00"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có trường "PromulgationInfo/PromulgationDate" là "2027/02/05"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-NGAYTHANG"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2d"

  @sut_gui @kha_nang_ban_sao @ND30-PL1-BANSAO
  Khung kịch bản: Bản sao "<hinh_thuc_sao>" có số, ký hiệu bản sao riêng
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần II, mục II.1.c), số, ký hiệu bản sao gồm số thứ tự
    đăng ký bản sao, chữ viết tắt hình thức sao (SY, SL, TrS) và chữ viết tắt tên cơ quan sao;
    các bản sao được đánh chung một hệ thống số trong năm.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành bản sao "BS1" hình thức "<hinh_thuc_sao>" từ bản giấy "công văn giấy một trang" gửi đến "Cơ quan A"
    Thì ký hiệu văn bản trong gói tin gửi đi có chữ viết tắt "<viet_tat>"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-BANSAO"

    Dữ liệu:
      | hinh_thuc_sao | viet_tat |
      | sao y         | SY       |
      | sao lục       | SL       |
      | trích sao     | TrS      |

  @sut_nhan @LC2019-7.1c
  Kịch bản: Mỗi văn bản đến được cấp một số đến duy nhất và cập nhật đầy đủ thông tin
    Theo điểm c khoản 1 Điều 7 Quy chế tiếp nhận, phát hành và quản lý văn bản điện tử tỉnh Lào
    Cai (2019), văn thư Bên nhận "tiến hành tiếp nhận văn bản điện tử đến trên hệ thống QLVB-ĐH,
    bảo đảm số đến là duy nhất và cập nhật đầy đủ thông tin theo quy định của nghiệp vụ văn thư,
    lưu trữ".
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Và trục chuyển đến hệ thống văn bản "VB2" loại "Quyết định" độ khẩn "Khẩn" từ "Cơ quan B"
    Và trục chuyển đến hệ thống văn bản "VB3" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Và hệ thống được kiểm thử kiểm tra văn bản "VB2" và tự quyết định tiếp nhận hay từ chối
    Và hệ thống được kiểm thử kiểm tra văn bản "VB3" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB3"
    Và hệ thống cấp số đến không trùng nhau cho các văn bản "VB1, VB2, VB3"
    Và hồ sơ của hệ thống về văn bản "VB2" có đủ thông tin của gói tin

  @sut_nhan @LC2019-7.1c
  Kịch bản: Cùng một gói tin được trục chuyển hai lần chỉ tạo một bản ghi
    Theo điểm c khoản 1 Điều 7 Quy chế tỉnh Lào Cai (2019), số đến phải là duy nhất. Khi trục
    chuyển lại cùng một gói tin (chẳng hạn sau khi mất phản hồi), hệ thống không được vào sổ văn
    bản đến hai lần.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công văn" độ khẩn "Thường" từ "Cơ quan A"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Và trục chuyển lại đến hệ thống văn bản "VB1"
    Thì trong vòng 15 phút hệ thống lấy văn bản "VB1" về và báo trạng thái truyền "done" với trục
    Và hệ thống có đúng 1 bản ghi cho văn bản "VB1"
    Và hệ thống cấp số đến không trùng nhau cho các văn bản "VB1"

  @sut_nhan @QD28-10.2a @QCVN102-ORGID @QD28-10.2b @QCVN102-DOCID @QCVN102-STATUS-REASON
  Khung kịch bản: Văn bản đến có định danh sai (<loai_loi>) bị từ chối tiếp nhận
    Theo điểm a và điểm b khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, mã định danh cơ quan có 13 ký tự
    chia bốn nhóm, mã định danh văn bản gồm mã cơ quan, năm ban hành và số thứ tự. Gói tin mang
    định danh sai không thể xác định nguồn gốc và văn bản; Bên nhận phản hồi từ chối kèm lý do.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

    Dữ liệu:
      | loai_loi                          | ma_quy_tac    |
      | sai mã định danh cơ quan gửi      | QCVN102-ORGID |
      | mã định danh văn bản sai cấu trúc | QCVN102-DOCID |
